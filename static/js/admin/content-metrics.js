// The checks panel's content metrics for Japanese pages: characters and a reading time
// (templates/wagtailadmin/shared/side_panels/checks.html, docs/admin.md).
//
// Wagtail's preview controller extracts the text of the preview's <main> and announces it
// with the event "w-preview:content" (detail.content.innerText) before showing its own
// metrics; tests/home/test_content_metrics.py fails if a Wagtail upgrade stops sending it.
// On pages in other languages the elements below are absent and nothing happens.
(() => {
  if (window.kyodoContentMetrics) return;
  window.kyodoContentMetrics = true;

  document.addEventListener('w-preview:content', (event) => {
    const count = document.querySelector('[data-kyodo-character-count]');
    const time = document.querySelector('[data-kyodo-reading-time]');
    const text = event.detail?.content?.innerText;
    if (!count || !time || typeof text !== 'string') return;

    // Characters as a reader sees them: whitespace and line breaks left out, every code point
    // (so a kanji outside the BMP counts once) one character.
    const characters = Array.from(text.replace(/\s+/gu, '')).length;
    const perMinute = Number(time.dataset.kyodoCharactersPerMinute) || 500;
    const minutes = characters ? Math.max(1, Math.round(characters / perMinute)) : 0;
    count.textContent = characters.toLocaleString();
    time.textContent = time.dataset.kyodoReadingTimeFormat.replace('{minutes}', String(minutes));
  });
})();
