// Kept for the imports of route handlers and the console: the problem+json shape and its error
// class live in lib/domain/problem.ts, below auth and the data plane that make them too.
export { issueError, problem, problemOf, ProblemError, PROBLEM_CONTENT_TYPE, refusalOf, type Detail, type FieldError, type Problem } from '../domain/problem.ts';
