export * from './normal';
export * from './relative-risk';
export * from './logistic-regression';
export * from './cocktail-table';
export * from './cocktail-estimates';
export * from './protect-cocktail';
