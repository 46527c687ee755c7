// The argument names and rich-text tags an ICU message uses, for the message checks: a small
// brace-aware walk, so the branches of a select or plural (`one {# app}`) are read as text, not
// taken for arguments. Apostrophe quoting ('{') is honoured.
export function messageArguments(message: string): string[] {
  const found = new Set<string>();
  let i = 0;
  /** reads text until the closing brace of the current level (or the end) */
  function text(): void {
    while (i < message.length) {
      const c = message[i]!;
      if (c === "'" && (message[i + 1] === '{' || message[i + 1] === '}')) {
        const end = message.indexOf("'", i + 1);
        i = end < 0 ? message.length : end + 1;
      } else if (c === '{') {
        i++;
        argument();
      } else if (c === '}') return;
      else {
        const tag = /^<([a-z]+)>/.exec(message.slice(i));
        if (tag) found.add(`<${tag[1]}>`);
        i++;
      }
    }
  }
  /** after '{': a name, then '}' or ', type' and for select/plural/selectordinal its branches */
  function argument(): void {
    const head = /^\s*([A-Za-z_]\w*)\s*(?:,\s*(\w+)\s*(?:,)?)?/.exec(message.slice(i));
    if (!head) return;
    found.add(head[1]!);
    i += head[0].length;
    const kind = head[2];
    if (kind === 'select' || kind === 'plural' || kind === 'selectordinal') {
      while (i < message.length && message[i] !== '}') {
        if (message[i] === '{') {
          i++;
          text();
        }
        i++;
      }
    } else {
      while (i < message.length && message[i] !== '}') i++;
    }
    i++;
  }
  text();
  return [...found].sort();
}
