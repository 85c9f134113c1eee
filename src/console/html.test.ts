import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, raw } from './html.js';

test('values are escaped; html inside html is not escaped twice', () => {
  const name = `<script>alert("x")</script> & 'quotes'`;
  assert.equal(
    html`<p title="${name}">${name}</p>`.text,
    '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">' +
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
  );
  const inner = html`<b>${'<i>'}</b>`;
  assert.equal(html`<p>${inner}</p>`.text, '<p><b>&lt;i&gt;</b></p>');
});

test('lists are joined, and null, undefined and false render nothing', () => {
  const items = ['a<', 'b'].map((x) => html`<li>${x}</li>`);
  assert.equal(html`<ul>${items}</ul>`.text, '<ul><li>a&lt;</li><li>b</li></ul>');
  assert.equal(html`${null}${undefined}${false}${0}`.text, '0');
  assert.equal(html`${raw('<hr>')}`.text, '<hr>');
});
