// The member's card number as the server reads it (core::ParseBankAccount): spaces, dashes and
// the ideographic space dropped, full-width digits as digits; 8 to 30 digits; and a card number
// (16 to 19 digits) of a bank whose cards carry a check digit must pass the Luhn check. The form
// says so on the field before sending; the server checks again.
export function cardDigits(text) {
  return String(text ?? '')
    .replace(/[ \-\u3000]/g, '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48));
}

export function passesLuhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

// '' when the number is one the server takes for `bank`, else 'digits' or 'luhn'.
export function cardProblem(text, bank) {
  const digits = cardDigits(text);
  if (!/^\d{8,30}$/.test(digits)) return 'digits';
  if (bank?.card_luhn && digits.length >= 16 && digits.length <= 19 && !passesLuhn(digits)) return 'luhn';
  return '';
}

// The last four digits of a masked account ("6222 **** **** 0123" → "0123").
export const last4 = (masked) => String(masked ?? '').replace(/\D/g, '').slice(-4);
