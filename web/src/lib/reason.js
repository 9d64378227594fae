// A reason the server gives in both languages ({reason, reason_en}: a row problem of an upload or
// a list, a preview's refusal) shown in the UI's language: English when the UI is English and the
// server gave one, else the Chinese.
export const reasonOf = (item, locale) => (locale === 'en' && item?.reason_en ? item.reason_en : item?.reason ?? '');
