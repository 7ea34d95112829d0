import { createI18n } from 'vue-i18n'
import zh from './locales/zh'
import en from './locales/en'

export type Locale = 'zh' | 'en'
const KEY = 'bangfu.locale'

export function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null
  return saved === 'en' ? 'en' : 'zh'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh',
  messages: { zh, en },
})

export function setLocale(l: Locale) {
  i18n.global.locale.value = l
  localStorage.setItem(KEY, l)
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en'
}

/** The message for an API problem code, in the current language; an unknown code gets a sentence in
 * the same language (never the server's English detail). */
export function errorText(code: string): string {
  const key = `errors.${code}`
  return i18n.global.te(key) ? i18n.global.t(key) : i18n.global.t('errors.unknown')
}

/** The message for a field-error code, in the current language, with a generic one for a new code. */
export function fieldErrorText(code: string): string {
  const key = `fieldErrors.${code}`
  return i18n.global.te(key) ? i18n.global.t(key) : i18n.global.t('fieldErrors.unknown')
}
