import { headerParam, headerValue, type WireMessage } from './wire-message.js';

/**
 * The placeholders a response to `request` fills (see corpus/ua-responses.ts): the values a
 * response copies (RFC 3261 §8.2.6.2), the branch and From tag, and the Contact a registrar echoes.
 */
export function placeholdersOf(request: WireMessage): Map<string, string> {
  const values = new Map<string, string>();
  const put = (name: string, value: string | undefined): void => {
    if (value !== undefined) values.set(name, value);
  };
  const via = headerValue(request, 'via');
  put('via', via);
  put('from', headerValue(request, 'from'));
  put('to', headerValue(request, 'to'));
  put('callid', headerValue(request, 'call-id'));
  put('cseq', headerValue(request, 'cseq'));
  put('contact', headerValue(request, 'contact'));
  put('branch', headerParam(via, 'branch'));
  put('fromtag', headerParam(headerValue(request, 'from'), 'tag'));
  return values;
}
