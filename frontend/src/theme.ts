// The app's colours, defined once: the pages' own styles and Element Plus (through its CSS
// variables) read them from here, and theme.test.ts checks that every text colour reaches the
// WCAG AA contrast of 4.5:1 against the background it sits on. Element Plus's defaults do not
// (white on its #f56c6c danger buttons is about 2.9:1).

export const COLORS = {
  text: '#222222',
  muted: '#555555',
  background: '#ffffff',
  border: '#e5e5e5',
  /** Bangfu red: links, the brand, primary actions. */
  brand: '#c0392b',
  danger: '#c0392b',
  success: '#2a7030',
  warning: '#a35200',
  info: '#5f6368',
  primary: '#1f5fa8',
} as const

/** The Element Plus colour roles we set. */
export const ROLES = ['primary', 'success', 'warning', 'danger', 'info'] as const

function rgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '')
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number]
}

function hex([r, g, b]: number[]): string {
  return '#' + [r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')
}

/** `color` mixed with white: weight 0.9 is 90 % white (Element Plus's light-9). */
export function tint(color: string, weight: number): string {
  return hex(rgb(color).map((v) => v + (255 - v) * weight))
}

/** `color` mixed with black (Element Plus's dark-2 is 20 % black). */
export function shade(color: string, weight: number): string {
  return hex(rgb(color).map((v) => v * (1 - weight)))
}

/** WCAG 2 relative luminance. */
export function luminance(color: string): number {
  const [r, g, b] = rgb(color).map((v) => {
    const c = v / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2 contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/** The text/background pairs the app draws: [what, text, background]. */
export function textPairs(): [string, string, string][] {
  const pairs: [string, string, string][] = [
    ['body text', COLORS.text, COLORS.background],
    ['secondary text', COLORS.muted, COLORS.background],
    ['links and brand', COLORS.brand, COLORS.background],
  ]
  for (const role of ROLES) {
    const c = COLORS[role]
    pairs.push([`white on a ${role} button`, '#ffffff', c])
    pairs.push([`${role} text on white (plain buttons, text buttons)`, c, COLORS.background])
    pairs.push([`${role} text on its light tag or plain button`, c, tint(c, 0.9)])
    pairs.push([`white on a hovered ${role} button`, '#ffffff', shade(c, 0.2)])
  }
  return pairs
}

/** Element Plus's colour variables for our palette (its light and dark steps included). */
export function elementVariables(): Record<string, string> {
  const vars: Record<string, string> = {
    '--el-text-color-primary': COLORS.text,
    '--el-text-color-regular': COLORS.text,
    '--el-text-color-secondary': COLORS.muted,
    '--el-text-color-placeholder': '#767676',
    '--bangfu-brand': COLORS.brand,
    '--bangfu-muted': COLORS.muted,
  }
  for (const role of ROLES) {
    const c = COLORS[role]
    vars[`--el-color-${role}`] = c
    for (const step of [3, 5, 7, 8, 9]) vars[`--el-color-${role}-light-${step}`] = tint(c, step / 10)
    vars[`--el-color-${role}-dark-2`] = shade(c, 0.2)
  }
  return vars
}

/** Sets the palette on the page (before the app mounts). */
export function applyTheme(root: HTMLElement = document.documentElement) {
  for (const [k, v] of Object.entries(elementVariables())) root.style.setProperty(k, v)
}
