// Request log lines written in batches: one write per event-loop turn instead of one per request.
// Writing to a file or terminal is synchronous in Node, so a line per request cost a public page
// about a sixth of its time under load. Nothing is dropped: a batch goes out at the end of the turn
// it was made in, and `flush()` writes what is left when the server stops.
export interface LogBuffer {
  log(line: string): void;
  flush(): void;
}

export function logBuffer(write: (text: string) => void = (text) => void process.stdout.write(text)): LogBuffer {
  let lines: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    write(text);
  };
  return {
    log(line) {
      lines.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
