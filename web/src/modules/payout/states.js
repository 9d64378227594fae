// States of batches and items, the colour of their tags, and the bank file formats.
export const BATCH_STATES = ['draft', 'approved', 'exported', 'reconciled', 'cancelled'];
export const BATCH_TAG = { draft: 'warning', approved: 'primary', exported: 'primary', reconciled: 'success', cancelled: 'info' };
// An exported batch waits for the bank: its tag is drawn solid to tell it from an approved one.
export const BATCH_EFFECT = { exported: 'dark' };
export const ITEM_STATES = ['pending', 'batched', 'paid', 'cancelled'];
// The items list's state filter: the states, and 'failed' (pending items the bank failed).
export const ITEM_FILTERS = [...ITEM_STATES, 'failed'];
// A failed item: waiting for the member's account to be changed, or ready to go out again.
export const RETRY_TAG = { awaiting_account: 'danger', ready: 'success' };
export const ITEM_TAG = { pending: 'warning', batched: 'primary', paid: 'success', cancelled: 'info' };
export const FORMATS = ['generic', 'ccb'];
