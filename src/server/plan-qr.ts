import qrcode from 'qrcode-generator';

/**
 * A QR code as SVG: one path of dark modules on a light square, colours as attributes (the page's
 * CSP allows no style attribute), a quiet zone of four modules as the standard asks. Error
 * correction M: a phone camera reads it off a screen or a printout with a smudge.
 */
export function qrSvg(text: string, title: string): string {
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const count = code.getModuleCount();
  const size = count + 8;
  let path = '';
  for (let row = 0; row < count; row += 1)
    for (let col = 0; col < count; col += 1) if (code.isDark(row, col)) path += `M${col + 4} ${row + 4}h1v1h-1z`;
  const escaped = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" role="img">` +
    `<title>${escaped}</title><rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}
