/** Language and theme of a softphone under test, set through main like the Settings screen does. */
import type { LanguageSetting, ThemeSetting } from '../../app/settings';
import type { SoftphoneUnderTest } from './softphone-under-test';
import { waitFor } from './wait-for';

export async function setAppearance(softphone: SoftphoneUnderTest, appearance: { language?: LanguageSetting; theme?: ThemeSetting }): Promise<void> {
  const result = softphone.phone.core.updateSettings(appearance);
  if (!result.ok) throw new Error(result.error.message);
  const { page } = softphone;
  await waitFor(`appearance ${JSON.stringify(appearance)} applied`, () =>
    page.evaluate(
      ({ language, theme }) =>
        (language === undefined || document.documentElement.lang === language) &&
        (theme === undefined || (document.documentElement.dataset.theme ?? 'system') === theme),
      appearance,
    ),
  );
}

/** The rail's buttons, whatever screens exist (Contacts and later ones included). */
export const railButtons = (softphone: SoftphoneUnderTest) => softphone.page.locator('nav.rail button');
