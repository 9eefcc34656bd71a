// `import 'sipforge/browser'`: the script-tag bundle, which defines the global SIP.
await import('sipforge/browser');
console.log(JSON.stringify({
  resolved: import.meta.resolve('sipforge/browser'),
  globalUa: typeof globalThis.SIP?.UA,
}));
