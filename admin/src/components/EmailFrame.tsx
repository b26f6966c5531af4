/**
 * An email's HTML in a sandboxed frame: no scripts, forms, popups or top navigation. Same-origin is allowed so the
 * frame renders in the page's process (and in screenshots); with scripts off, the HTML can do nothing with it.
 */
export function EmailFrame({ html, title }: { html: string; title: string }) {
  return (
    <iframe
      title={title}
      sandbox="allow-same-origin"
      srcDoc={html}
      style={{ width: '100%', height: 520, border: '1px solid var(--p-color-border)', borderRadius: 8, background: '#fff' }}
    />
  );
}
