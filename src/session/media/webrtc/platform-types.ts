// The WebRTC and DOM types of the media handler's public surface, looked up on `globalThis` instead
// of named. The package root's declarations are shared by the Node build, and a Node program has no
// DOM library: a DOM name in them would not compile there (test/packaging checks every declaration
// file of the Node build without DOM). Where the program has the DOM library (a browser build) each
// alias is the DOM's own type; elsewhere it is `unknown`.

type Global = typeof globalThis;

export type PlatformRTCPeerConnection = Global extends { RTCPeerConnection: { prototype: infer T } } ? T : unknown;
export type PlatformMediaStream = Global extends { MediaStream: { prototype: infer T } } ? T : unknown;
export type PlatformMediaStreamTrack = Global extends { MediaStreamTrack: { prototype: infer T } } ? T : unknown;
export type PlatformRTCIceCandidate = Global extends { RTCIceCandidate: { prototype: infer T } } ? T : unknown;
export type PlatformHTMLMediaElement = Global extends { HTMLMediaElement: { prototype: infer T } } ? T : unknown;
/** RTCConfiguration. */
export type PlatformRTCConfiguration = PlatformRTCPeerConnection extends { getConfiguration(): infer T } ? T : unknown;
/** RTCPeerConnectionState. */
export type PlatformRTCPeerConnectionState = PlatformRTCPeerConnection extends { connectionState: infer T } ? T : string;
/** MediaStreamConstraints. */
export type PlatformMediaStreamConstraints = Global extends { MediaDevices: { prototype: { getUserMedia(constraints?: infer T): unknown } } } ? NonNullable<T> : unknown;
