/**
 * Show a stream in an application's audio or video element (legacy `media.render`). The browser's
 * autoplay policy may refuse playback until the user interacts with the page: the element keeps its
 * stream and `onPlayRefused` tells the application, which can call `play()` again.
 */
export function renderStream(element: HTMLMediaElement | undefined, stream: MediaStream, onPlayRefused: (error: unknown) => void): void {
  if (element === undefined || element.srcObject === stream) return;
  element.srcObject = stream;
  const playing = element.play();
  // Browsers before 2017 returned nothing from play().
  if (playing !== undefined) playing.catch(onPlayRefused);
}

/** Stop showing a stream in an element rendered with renderStream. */
export function unrender(element: HTMLMediaElement | undefined, stream: MediaStream | undefined): void {
  if (element !== undefined && stream !== undefined && element.srcObject === stream) element.srcObject = null;
}
