// The base class every store-backed limiter extends (lib/auth/rate-limiter-store.ts). The package declares it in its
// types but does not export it from its entry point, so it is imported from its own file.
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract' {
  import { RateLimiterStoreAbstract } from 'rate-limiter-flexible'
  export default RateLimiterStoreAbstract
}
