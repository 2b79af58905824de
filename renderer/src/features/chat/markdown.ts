// Model answers as Markdown: parsed by marked, sanitised by DOMPurify (answers are untrusted
// text), with code blocks highlighted by Monaco's colorizer once an answer is complete.
import DOMPurify from 'dompurify';
import { marked } from 'marked';

marked.setOptions({ gfm: true, breaks: false });

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input'],
    FORBID_ATTR: ['style'],
  });
}

/** The language of a rendered code block (`language-python` class), or null. */
export function codeLanguage(code: Element): string | null {
  const m = /(?:^|\s)language-([\w+-]+)/.exec(code.className);
  return m ? m[1] : null;
}
