/** The TypeORM connection name of the partner's own records.sqlite. */
export const RECORDS = 'records';
