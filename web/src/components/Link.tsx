import type { ComponentChildren } from "preact";
import { onLinkClick } from "../router";

export function Link(props: { to: string; children: ComponentChildren; class?: string; current?: boolean }) {
  return (
    <a
      href={props.to}
      class={props.class}
      aria-current={props.current ? "page" : undefined}
      onClick={(e) => onLinkClick(e as unknown as MouseEvent, props.to)}
    >
      {props.children}
    </a>
  );
}
