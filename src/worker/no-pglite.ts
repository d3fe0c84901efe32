// Stands in for @electric-sql/pglite in the Workers build (wrangler.toml [alias]): the embedded
// database needs a disk and a long-lived process, so a Worker always reaches PostgreSQL through
// Hyperdrive. Keeps PGlite's WebAssembly out of the bundle.
export class PGlite {
  static create(): never {
    throw new Error('the embedded database does not run on Cloudflare Workers: bind PostgreSQL through Hyperdrive (wrangler.toml [[hyperdrive]])');
  }
}
