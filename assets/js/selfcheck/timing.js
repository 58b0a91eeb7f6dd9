// The page's own moments on the way to ready, as User Timing marks
// ("molnkollen:<name>", ms from navigation start), so that a trace, the
// browser's performance panel and cmd/bench show where the time goes:
// request (the module asked for), compiled, run (Go started and registered
// its functions), opened (the storage has given back what it keeps), ready.
export function mark(name) {
  if (typeof performance === 'object' && typeof performance.mark === 'function') {
    try { performance.mark('molnkollen:' + name); } catch (e) { /* marks are only for measuring */ }
  }
}
