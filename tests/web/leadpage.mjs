// The lead reports page as a team lead meets it, in Debian's chromium (headless): sign in, read the
// figures, choose a period, download the CSV, sign out; on a laptop and on a phone. Screenshots go
// to OUT_DIR for a person to look at. Run by tst_leadpage:
//   node tests/web/leadpage.mjs BASE_URL LOGIN PASSWORD OUT_DIR
import { chromium } from '../../scripts/web/node_modules/playwright-core/index.mjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, login, password, out] = process.argv.slice(2);
const check = (ok, what) => { if (!ok) throw new Error(what); };

const profile = mkdtempSync(join(tmpdir(), 'feltnotat-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  ignoreHTTPSErrors: true, // the test server's certificate is made for the test
  acceptDownloads: true,
  locale: 'nb-NO',
  timezoneId: 'Europe/Oslo',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run', '--disable-quic'],
});
const problems = [];
try {
  for (const [name, viewport, mobile] of [['laptop', { width: 1366, height: 860 }, false],
                                          ['phone', { width: 390, height: 844 }, true]]) {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    // Anything the browser complains about (a refused style, a blocked request) is a problem, except
    // the 401 of the wrong password this script types on purpose.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 401')) problems.push(`${name}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`${name}: ${r.url()} ${r.failure()?.errorText}`));

    await page.goto(`${base}/reports`);
    check(page.url().endsWith('/reports/login'), `${name}: not sent to the sign-in form (${page.url()})`);
    await page.screenshot({ path: join(out, `reports-signin-${name}.png`) });
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'feil passord');
    await page.click('button[type=submit]');
    check(await page.locator('.error').isVisible(), `${name}: a wrong password shows no message`);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/reports$/);
    check(await page.locator('h1').count() === 1, `${name}: no heading`);
    check(await page.locator('.card').count() === 8, `${name}: not eight figure cards`);
    check(await page.locator('tbody tr').count() >= 1, `${name}: no row per job specialist`);
    // The stylesheet applied (Content Security Policy allows it): the cards are laid out in a grid.
    const display = await page.locator('.cards').evaluate((e) => getComputedStyle(e).display);
    check(display === 'grid', `${name}: the stylesheet did not apply (${display})`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(scroll <= 1, `${name}: the page is ${scroll}px wider than the screen`);
    await page.screenshot({ path: join(out, `reports-${name}.png`), fullPage: true });

    await page.click('nav.presets a:text("Hittil i år")');
    await page.waitForURL(/fra=\d{4}-01-01/);
    check(await page.locator('nav.presets a[aria-current]').innerText() === 'Hittil i år', `${name}: period not chosen`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:text("Last ned CSV")')]);
    const csv = readFileSync(await download.path(), 'utf8');
    check(csv.startsWith('team,level,specialist_id,'), `${name}: the CSV download is not the figures`);

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === '__Host-feltnotat-session');
    check(session && session.httpOnly && session.secure && session.sameSite === 'Strict',
          `${name}: session cookie ${JSON.stringify(session)}`);
    check(await page.evaluate(() => document.cookie) === '', `${name}: a script can read cookies`);

    await page.click('button:text("Logg ut")');
    await page.waitForURL(/\/reports\/login$/);
    await page.goto(`${base}/reports`);
    check(page.url().endsWith('/reports/login'), `${name}: still signed in after signing out`);
    await page.close();
  }
  check(problems.length === 0, `the browser reported: ${problems.join('; ')}`);
  console.log('lead page checked in chromium; screenshots in', out);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
