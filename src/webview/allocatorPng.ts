// The allocator map's picture for the Export as PNG command: the canvas as it is drawn now (its
// zoom and pan) over the panel's background colour (the canvas itself is transparent, so its
// theme's text would vanish on another background), or why there is none (the Allocator tab was
// never shown, so nothing is drawn).

export function allocatorPng(): { dataUrl: string | null; error?: string } {
  const canvas = document.querySelector<HTMLCanvasElement>('canvas[data-testid="alloc-map"]');
  if (!canvas || !canvas.width || !canvas.height || !canvas.getAttribute('data-draw-ms')) {
    return { dataUrl: null, error: 'the allocator map is not drawn: show the Allocator tab first' };
  }
  try {
    const out = document.createElement('canvas');
    out.width = canvas.width;
    out.height = canvas.height;
    const ctx = out.getContext('2d');
    if (!ctx) return { dataUrl: canvas.toDataURL('image/png') };
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor || '#ffffff';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    return { dataUrl: out.toDataURL('image/png') };
  } catch (e) {
    return { dataUrl: null, error: `the map could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}
