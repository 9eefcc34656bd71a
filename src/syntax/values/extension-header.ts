/** A header the catalogue does not know (RFC 3261 §25.1 extension-header): name and raw value, kept as received. */
export class ExtensionHeader {
  name: string;
  value: string;

  constructor(name: string, value: string) {
    this.name = name;
    this.value = value;
  }

  clone(): ExtensionHeader {
    return new ExtensionHeader(this.name, this.value);
  }

  toString(): string {
    return this.value;
  }
}
