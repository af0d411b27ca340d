//! The Wasm entry point: mounts [`gongshi_web::App`] on `<body>`.

fn main() {
    leptos::mount::mount_to_body(gongshi_web::App);
}
