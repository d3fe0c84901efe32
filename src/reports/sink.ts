// Writing to a Node stream with backpressure: wait for a drain when the sink asks, and end it only
// once everything written has been flushed; a sink that fails or closes first rejects.

/** Writes a chunk; resolves at once, or when the sink drains if it asked to wait. Rejects if the sink fails or closes first. */
export async function writeChunk(sink: NodeJS.WritableStream, chunk: string | Uint8Array): Promise<void> {
  if (sink.write(chunk)) return;
  await waitFor(sink, 'drain');
}

/** Ends the sink and resolves once everything written has been flushed. */
export async function endSink(sink: NodeJS.WritableStream): Promise<void> {
  const finished = waitFor(sink, 'finish');
  sink.end();
  await finished;
}

function waitFor(sink: NodeJS.WritableStream, event: 'drain' | 'finish'): Promise<void> {
  return new Promise((resolve, reject) => {
    // a destroyed sink (the client went away) never drains
    if ((sink as { destroyed?: boolean }).destroyed) return reject(new Error('the output was closed before everything was written'));
    const cleanup = () => {
      sink.off(event, done);
      sink.off('error', failed);
      sink.off('close', closed);
    };
    const done = () => {
      cleanup();
      resolve();
    };
    const failed = (err: unknown) => {
      cleanup();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    const closed = () => failed(new Error('the output was closed before everything was written'));
    sink.on(event, done);
    sink.on('error', failed);
    sink.on('close', closed);
  });
}
