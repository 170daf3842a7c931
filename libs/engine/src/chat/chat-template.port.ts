/** One chat message as a template renders it. */
export interface ChatTemplateMessage {
  readonly role: string;
  readonly content: string;
  readonly name?: string;
}

/** Turns chat messages into the prompt a model was trained to continue. */
export interface ChatTemplate {
  /** Stable, versioned name; a change of rendering gets a new name, since cached prefixes depend on it. */
  readonly name: string;
  /** Whether the token form starts with the tokenizer's BOS token. */
  readonly addBos: boolean;
  /**
   * Stop sequences the server adds to every request using this template (e.g. an end-of-turn
   * marker, so the model stops before writing the next turn itself).
   */
  readonly defaultStop: readonly string[];
  /** The prompt text, ending with the cue for the assistant's reply. */
  render(messages: readonly ChatTemplateMessage[]): string;
}
