// The errors of a form, one a field plus one for the form as a whole: a server's refusal that
// names a field (problem+json `field`) lands on that field's form item; any other on the form.
// A field is named as the server names it; "household[].id_number" stands for every row's
// ("household[0].id_number" …), and a field the form has no item for falls back to the nearest
// one it has ("accident.date" → "accident"), else to the form.
//
//   const { errors, clear, take } = useFieldErrors(['member_id', 'household[].name']);
//   <el-form-item :error="errors.member_id"> <el-form-item :error="errors[`household[${i}].name`]">
//   <el-alert v-if="errors.form" :title="errors.form" />   try { … } catch (e) { take(e); }
import { reactive } from 'vue';

// "household[3].name" → "household[].name"
const pattern = (field) => field.replace(/\[\d+\]/g, '[]');

export function useFieldErrors(fields) {
  const errors = reactive(Object.fromEntries([...fields.filter((f) => !f.includes('[]')), 'form'].map((k) => [k, ''])));
  function clear() {
    for (const k of Object.keys(errors)) errors[k] = '';
  }
  // The field of the form the server's `field` belongs to; '' when none.
  function owner(field) {
    for (let f = String(field ?? ''); f; f = f.replace(/(\.[^.[\]]*|\[\d*\])$/, '')) {
      if (f !== 'form' && fields.includes(pattern(f))) return f;
      if (!/[.[]/.test(f)) break;
    }
    return '';
  }
  // Shows the error where it belongs; true when it landed on a field.
  function take(e) {
    const key = owner(e.field);
    if (key) errors[key] = e.detail || e.message;
    else errors.form = e.message;
    return !!key;
  }
  return { errors, clear, take };
}
