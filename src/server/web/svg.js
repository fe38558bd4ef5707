// @ts-check
// SVG elements for the page's charts, built with the DOM (no markup strings: the CSP allows no inline code).

const SVG = 'http://www.w3.org/2000/svg';
/**
 * @param {string} name
 * @param {Record<string, string | number>} [attributes]
 * @param {string} [text]
 */
export function svgElement(name, attributes = {}, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}
