// Where JSON text first goes wrong, for messages with a line and column: V8's JSON.parse names no
// position for an unexpected token. A syntax scan only (no values built), iterative so that deep
// nesting cannot overflow the stack.

const WS = /[ \t\n\r]*/y;
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"([^"\\\x00-\x1f]|\\(["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

/** Offset of the first character that is not valid JSON (text.length when it ends too early). */
export function jsonErrorOffset(text: string): number {
  let pos = 0;
  const skip = () => {
    WS.lastIndex = pos;
    WS.exec(text);
    pos = WS.lastIndex;
  };
  const token = (re: RegExp): boolean => {
    re.lastIndex = pos;
    if (!re.test(text)) return false;
    pos = re.lastIndex;
    return true;
  };
  // Containers open: '{' or '['; after each value, expect ',' or the closer.
  const stack: string[] = [];
  for (;;) {
    skip();
    // A value.
    const c = text[pos];
    if (c === '{' || c === '[') {
      stack.push(c);
      pos++;
      skip();
      if (text[pos] === (c === '{' ? '}' : ']')) {
        stack.pop();
        pos++;
      } else if (c === '{') {
        if (!token(STRING)) return pos;
        skip();
        if (text[pos] !== ':') return pos;
        pos++;
        continue;
      } else continue;
    } else if (!(token(STRING) || token(NUMBER) || token(LITERAL))) return pos;
    // After a value: close containers or move to the next element.
    for (;;) {
      skip();
      if (stack.length === 0) return pos < text.length ? pos : -1;
      const open = stack[stack.length - 1];
      if (text[pos] === (open === '{' ? '}' : ']')) {
        stack.pop();
        pos++;
        continue;
      }
      if (text[pos] !== ',') return pos;
      pos++;
      if (open === '{') {
        skip();
        if (!token(STRING)) return pos;
        skip();
        if (text[pos] !== ':') return pos;
        pos++;
      }
      break;
    }
  }
}
