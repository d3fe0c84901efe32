// readable-stream/passthrough in the Workers build: see readable-stream.cjs.
module.exports = require('node:stream').PassThrough;
