import { type DrawerProps, Drawer as MantineDrawer, Modal as MantineModal, type ModalProps } from "@mantine/core";
import { useRef } from "react";
import { useFocusBack } from "./focusBack";

// Mantine's Modal and Drawer, giving focus back to what opened them even when that was an item of a menu, or when
// they are rendered only while open (see focusBack.ts). Every dialog of the app is one of these.
export function Modal(props: ModalProps) {
  const root = useRef<HTMLDivElement>(null);
  useFocusBack(props.opened, root);
  return <MantineModal ref={root} {...props} />;
}

export function Drawer(props: DrawerProps) {
  const root = useRef<HTMLDivElement>(null);
  useFocusBack(props.opened, root);
  return <MantineDrawer ref={root} {...props} />;
}
