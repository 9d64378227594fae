// States of batches and items, the colour of their tags, and the bank file formats.
export const BATCH_STATES = ['draft', 'approved', 'exported', 'reconciled', 'cancelled'];
export const BATCH_TAG = { draft: 'warning', approved: 'primary', exported: 'primary', reconciled: 'success', cancelled: 'info' };
// An exported batch waits for the bank: its tag is drawn solid to tell it from an approved one.
export const BATCH_EFFECT = { exported: 'dark' };
export const ITEM_STATES = ['pending', 'batched', 'paid', 'cancelled'];
export const ITEM_TAG = { pending: 'warning', batched: 'primary', paid: 'success', cancelled: 'info' };
export const FORMATS = ['generic', 'ccb'];
