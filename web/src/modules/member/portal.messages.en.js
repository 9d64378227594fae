// The member module's words the portal uses (the console's messages.en.js spreads them too): t('member.…').
export default {
  name: 'Name', idNumber: 'ID number', phone: 'Phone', employer: 'Employer', category: 'Category', status: 'Status', employment: 'Employment',
  categories: {
    front_line: 'Front-line worker', management: 'Management', technical: 'Technical staff', courier: 'Courier',
    delivery_rider: 'Delivery rider', ride_hailing_driver: 'Ride-hailing driver', truck_driver: 'Truck driver',
    other: 'Other', new_form: 'All new-form workers',
  },
  statuses: { active: 'Active', suspended: 'Suspended', exited: 'Exited', deceased: 'Deceased' },
  employments: { employed: 'Employed', retired: 'Retired', unemployed: 'Unemployed' },
};
