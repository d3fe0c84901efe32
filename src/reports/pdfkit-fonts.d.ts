// pdfkit ships the metrics of its standard fonts as modules without types.
declare module 'pdfkit/standard-fonts/*' {
  const font: { name: string };
  export default font;
}
