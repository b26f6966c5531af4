// The Polaris checkout web components the checkout extension renders (`s-stack`, `s-button`…), drawn simply. The
// real ones come with Shopify's checkout; these give each the role, name and behaviour the extension relies on
// (a button that clicks and announces its label, a live region for the status stack, a radio group that reports its
// `values` in a `change` event) and leave the look to a few CSS rules (checkout.html). Only the properties the
// extension sets are modelled.

/** Properties the checkout's components take as JavaScript properties (Preact sets them when they exist). */
class CheckoutElement extends HTMLElement {
  set accessibilityLabel(value: string | undefined) {
    this.toggle('aria-label', value);
  }
  set accessibilityRole(value: string | undefined) {
    this.toggle('role', value);
  }
  protected toggle(attribute: string, value: string | boolean | undefined | null): void {
    if (value === undefined || value === null || value === false) this.removeAttribute(attribute);
    else this.setAttribute(attribute, value === true ? '' : value);
  }
}

class StackElement extends CheckoutElement {}

class HeadingElement extends CheckoutElement {
  connectedCallback(): void {
    this.setAttribute('role', 'heading');
    this.setAttribute('aria-level', '2');
  }
}

class TextElement extends CheckoutElement {}

/** A button: a native <button> in its shadow root, so focus, Enter and Space work as they do in checkout. */
class ButtonElement extends CheckoutElement {
  private readonly button: HTMLButtonElement;
  private busy = false;
  private off = false;
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML =
      '<style>button{font:inherit;padding:.55em 1em;border-radius:6px;border:1px solid #1773b0;background:#fff;color:#1773b0;' +
      'cursor:pointer}button:disabled{opacity:.6;cursor:default}' +
      'button:focus-visible{outline:2px solid #1773b0;outline-offset:2px}</style>' +
      '<button type="button"><slot></slot></button>';
    this.button = root.querySelector('button') as HTMLButtonElement;
  }
  override set accessibilityLabel(value: string | undefined) {
    if (value) this.button.setAttribute('aria-label', value);
    else this.button.removeAttribute('aria-label');
  }
  set loading(value: boolean) {
    this.busy = Boolean(value);
    this.button.setAttribute('aria-busy', String(this.busy));
    this.sync();
  }
  get loading(): boolean {
    return this.busy;
  }
  set disabled(value: boolean) {
    this.off = Boolean(value);
    this.sync();
  }
  get disabled(): boolean {
    return this.off;
  }
  private sync(): void {
    this.button.disabled = this.busy || this.off;
  }
}

class BannerElement extends CheckoutElement {
  static get observedAttributes(): string[] {
    return ['tone'];
  }
  attributeChangedCallback(): void {
    this.setAttribute('role', this.getAttribute('tone') === 'critical' ? 'alert' : 'status');
  }
  connectedCallback(): void {
    this.attributeChangedCallback();
  }
}

/** The product image, drawn as a labelled tile: the preview runs offline, where Shopify's CDN images do not load. */
class ProductThumbnailElement extends CheckoutElement {
  static get observedAttributes(): string[] {
    return ['alt'];
  }
  attributeChangedCallback(): void {
    this.setAttribute('role', 'img');
    this.setAttribute('aria-label', this.getAttribute('alt') ?? '');
    this.textContent = (this.getAttribute('alt') ?? '?').slice(0, 1).toUpperCase();
  }
  connectedCallback(): void {
    this.attributeChangedCallback();
  }
}

/** A single-choice list: `values` holds the chosen `s-choice` value; choosing fires `change`, as in checkout. */
class ChoiceListElement extends CheckoutElement {
  private chosen: string[] = [];
  connectedCallback(): void {
    this.setAttribute('role', 'radiogroup');
  }
  set label(value: string) {
    this.setAttribute('aria-label', value);
  }
  set values(value: string[] | undefined) {
    this.chosen = value ?? [];
    for (const choice of this.querySelectorAll<ChoiceElement>('s-choice')) choice.checked = this.chosen.includes(choice.value);
  }
  get values(): string[] {
    return this.chosen;
  }
  choose(value: string): void {
    this.values = [value];
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

class ChoiceElement extends CheckoutElement {
  value = '';
  connectedCallback(): void {
    this.setAttribute('role', 'radio');
    this.tabIndex = 0;
    if (!this.hasAttribute('aria-checked')) this.checked = false;
    this.addEventListener('click', this.pick);
    this.addEventListener('keydown', (event) => {
      if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        this.pick();
      }
    });
  }
  set selected(value: boolean) {
    this.checked = value;
  }
  set checked(value: boolean) {
    this.setAttribute('aria-checked', String(Boolean(value)));
  }
  private readonly pick = (): void => {
    const list = this.closest('s-choice-list') as ChoiceListElement | null;
    list?.choose(this.value);
  };
}

const ELEMENTS: Record<string, CustomElementConstructor> = {
  's-stack': StackElement,
  's-heading': HeadingElement,
  's-text': TextElement,
  's-button': ButtonElement,
  's-banner': BannerElement,
  's-product-thumbnail': ProductThumbnailElement,
  's-choice-list': ChoiceListElement,
  's-choice': ChoiceElement,
};

export function defineCheckoutElements(): void {
  for (const [name, element] of Object.entries(ELEMENTS)) if (!customElements.get(name)) customElements.define(name, element);
}
