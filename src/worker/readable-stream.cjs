// readable-stream in the Workers build (wrangler.toml [alias]): its browser variant has a Stream of
// its own, which archiver's `instanceof Stream` check refuses, so exceljs' streaming XLSX writer
// could not add a sheet. Node's own streams (nodejs_compat) are what its Node variant uses too.
module.exports = require('node:stream');
