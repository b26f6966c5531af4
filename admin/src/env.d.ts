// App Bridge's global `shopify` (idToken, resourcePicker, …), typed by @shopify/app-bridge-types.
/// <reference types="@shopify/app-bridge-types" />
/// <reference types="vite/client" />
