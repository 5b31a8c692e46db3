// Stylesheets imported by the webview's modules: esbuild bundles them into dist/webview.css.
declare module '*.css';
