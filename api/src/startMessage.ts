/**
 * What `npm start` prints for a person trying it on their own machine (development secret only): where
 * each of the three pages is and how to get in. Never a token: the log may be kept.
 */
export function startMessage(url: string, devSignIn: boolean): string {
  return [
    '',
    `  Alerta Consular is running at ${url}`,
    '',
    `  Control room console   ${url}/`,
    ...(devSignIn ? ['    open it on this machine and pick a seeded operator (development sign-in), or'] : []),
    '    get an operator token:  npm run token -- --role OPERATOR --consulate losangeles',
    `    then open ${url}/#token=<token>`,
    `  Person's alert page    ${url}/alert   (registers on first use, no token needed)`,
    `  Field officer's page   ${url}/officer`,
    ...(devSignIn ? ['    open it on this machine and pick a seeded advisor (development sign-in), or'] : []),
    "    get an advisor's token: npm run token -- --help",
    '',
  ].join('\n');
}
