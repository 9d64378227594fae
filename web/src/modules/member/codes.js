// The codes of the member registry, in the server's order (src/member/rules.h).
export const CATEGORIES = ['front_line', 'management', 'technical', 'courier', 'delivery_rider', 'ride_hailing_driver', 'truck_driver', 'other'];
export const STATUSES = ['active', 'suspended', 'exited', 'deceased'];
export const EMPLOYMENTS = ['employed', 'retired', 'unemployed'];
// The list's situation filter: retired, unemployed, or held for a closed union by the one above.
export const SITUATIONS = ['retired', 'unemployed', 'held'];
// The list's category filter also takes the group of the four new-employment-form categories.
export const NEW_FORM = ['courier', 'delivery_rider', 'ride_hailing_driver', 'truck_driver'];
export const CATEGORY_FILTERS = [...CATEGORIES, 'new_form'];
// A transfer's states (src/member/transfer.h), in the order they are offered as a filter.
export const TRANSFER_STATES = ['requested', 'accepted', 'refused', 'cancelled'];
