/**
 * The part of the target's stderr that tells what crashed: Node's report of the uncaught
 * exception (source line, error, stack, and the stack of each `[cause]`, the innermost being
 * the complete one) without the properties and parser expectations printed around them.
 */
export function crashExcerpt(stderr: string): string {
  const lines = stderr.split('\n');
  let errorLine = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!ERROR_LINE.test(lines[i]!)) continue;
    errorLine = i;
    // Node's report starts with the source line, a caret and an empty line; the error follows.
    if (i > 0 && lines[i - 1] === '') break;
  }
  if (errorLine === -1) return lines.slice(-30).join('\n');
  const kept: string[] = lines.slice(Math.max(0, errorLine - 4), errorLine);
  let frames = 0;
  for (const line of lines.slice(errorLine)) {
    if (/^Node\.js v/.test(line)) break;
    if (ERROR_LINE.test(line) || line.includes('[cause]: ')) {
      kept.push(line);
      frames = 0;
    } else if (/^\s+at |^\s+\.\.\. \d+ lines/.test(line) && frames++ < 30) {
      kept.push(line);
    }
  }
  return kept.join('\n');
}

const ERROR_LINE = /^(?:[A-Za-z$_][\w$]*)?(?:Error|Exception)\b|^Uncaught /;

/**
 * A short name for a crash: the error's class and message start, and the first stack frame
 * above the syntax layer (the code that read a malformed value without a guard), taken from
 * the innermost `[cause]` Node prints, whose stack is the complete one.
 */
export function crashSignature(stderr: string): string {
  const excerpt = crashExcerpt(stderr);
  const error = excerpt.split('\n').find((l) => ERROR_LINE.test(l)) ?? '?';
  const innermost = excerpt.slice(Math.max(0, excerpt.lastIndexOf('[cause]: ')));
  let frames = innermost.split('\n').filter((l) => /^\s+at .*\//.test(l));
  const skip = (pattern: RegExp): void => {
    const i = frames.findIndex((l) => !pattern.test(l));
    frames = i === -1 ? [] : frames.slice(i);
  };
  skip(/\/(src\/syntax|generated)\//);
  // The application's code (target/) first: one of its listeners threw, and the library let it escape.
  const inListener = frames[0]?.includes('/test/fuzz/target/') ?? false;
  if (inListener) skip(/\/test\/fuzz\/target\/|emitter\.ts/);
  const where = (frames[0] ?? '?').trim().replace(/^at /, '').replace(/\(.*\/((?:src|generated|test)\/[^:]+):(\d+):\d+\)/, '($1:$2)');
  return `${error.replace(/\s+at offset.*$/, '').replace(/: ".*$/, '').slice(0, 100)} @ ${inListener ? 'application listener called by ' : ''}${where}`;
}
