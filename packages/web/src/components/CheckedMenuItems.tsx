import { forwardRef } from "react";

// Roots for Mantine's Menu.Item that carry a checked state: Mantine always renders its items as `menuitem`, which
// may not carry `aria-checked`. Pass one as `component` with `aria-checked`; Mantine's keyboard handling and styles
// stay, the role becomes the checkable one screen readers announce as "checked" / "not checked".
type Props = Omit<React.ComponentPropsWithoutRef<"button">, "aria-checked"> & { "aria-checked": boolean };

export const MenuItemRadio = forwardRef<HTMLButtonElement, Props>(function MenuItemRadio(
  { "aria-checked": checked, ...props },
  ref,
) {
  return <button type="button" {...props} ref={ref} role="menuitemradio" aria-checked={checked} />;
});

export const MenuItemCheckbox = forwardRef<HTMLButtonElement, Props>(function MenuItemCheckbox(
  { "aria-checked": checked, ...props },
  ref,
) {
  return <button type="button" {...props} ref={ref} role="menuitemcheckbox" aria-checked={checked} />;
});
