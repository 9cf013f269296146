//! The organization logo over HTTP, as the Settings form sends it: uploaded as a multipart
//! form, checked by decoding, stored as PNG and served from our own origin to those who may see
//! the organization; bad and oversized files are refused with their reason, and the pages allow
//! images from our own origin only.
#![cfg(feature = "ssr")]

mod common;

use common::{Site, TestDb};
use orgboard::server::seed::DEMO_PASSWORD;

const OWNER: &str = "olivia.owens@northwind.example";
const LOGO: &str = "/orgs/northwind-logistics/logo";

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba([15, 118, 110, 255]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A multipart body with one file part named `logo`, as a browser sends the form.
fn form(file: &[u8], filename: &str) -> (String, Vec<u8>) {
    let boundary = "----orgboard-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(site: &Site, cookie: &str, file: &[u8], name: &str) -> (u16, String) {
    let (kind, body) = form(file, name);
    let res = site
        .http
        .post(format!("{}{LOGO}", site.base))
        .header("origin", site.origin())
        .header(reqwest::header::COOKIE, cookie)
        .header(reqwest::header::CONTENT_TYPE, kind)
        .body(body)
        .send()
        .await
        .unwrap();
    let location = res
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (res.status().as_u16(), location)
}

async fn fetch_logo(site: &Site, cookie: Option<&str>) -> reqwest::Response {
    let mut req = site.http.get(format!("{}{LOGO}", site.base));
    if let Some(c) = cookie {
        req = req.header(reqwest::header::COOKIE, c);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_logo_is_uploaded_checked_stored_as_png_and_served_from_our_origin() {
    let site = Site::start(TestDb::with_demo().await).await;
    let owner = site.sign_in(OWNER, DEMO_PASSWORD).await.unwrap();

    // Bad files: each refused with its reason, nothing stored.
    let (status, to) = upload(
        &site,
        &owner,
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        "logo.png",
    )
    .await;
    assert_eq!(
        (status, to.as_str()),
        (
            303,
            "/orgs/northwind-logistics/settings?logo_error=not_image#logo"
        )
    );
    let mut broken = png(8, 8);
    broken.truncate(40);
    let (_, to) = upload(&site, &owner, &broken, "logo.png").await;
    assert!(to.contains("logo_error=unreadable"), "{to}");
    let (_, to) = upload(&site, &owner, &vec![7u8; 600 * 1024], "big.png").await;
    assert!(to.contains("logo_error=too_large"), "{to}");
    let (_, to) = upload(&site, &owner, b"", "empty.png").await;
    assert!(to.contains("logo_error=empty"), "{to}");
    assert_eq!(fetch_logo(&site, Some(&owner)).await.status().as_u16(), 404);

    // A real image, bigger than kept: stored as PNG, scaled down, served to the organization.
    let (status, to) = upload(&site, &owner, &png(900, 300), "logo.png").await;
    assert_eq!(
        (status, to.as_str()),
        (303, "/orgs/northwind-logistics/settings?logo=saved#logo")
    );
    let res = fetch_logo(&site, Some(&owner)).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let served = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert_eq!((served.width(), served.height()), (512, 171));

    // Nobody outside the organization sees it, and a manager cannot change it.
    assert_eq!(fetch_logo(&site, None).await.status().as_u16(), 404);
    let other = site
        .sign_in("aisha.rahman@acmehealth.example", DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(fetch_logo(&site, Some(&other)).await.status().as_u16(), 404);
    let manager = site
        .sign_in("mark.mensah@northwind.example", DEMO_PASSWORD)
        .await
        .unwrap();
    let (_, to) = upload(&site, &manager, &png(10, 10), "mine.png").await;
    assert!(to.contains("logo_error=forbidden"), "{to}");
    let (_, to) = upload(&site, &other, &png(10, 10), "theirs.png").await;
    assert!(
        to.contains("logo_error=forbidden"),
        "another organization's owner: {to}"
    );
    let anonymous = upload(&site, "", &png(10, 10), "anon.png").await;
    assert_eq!(anonymous.0, 401, "signed out: refused, nothing read");

    // A cross-site form post is refused before anything is read.
    let (kind, body) = form(&png(10, 10), "x.png");
    let res = site
        .http
        .post(format!("{}{LOGO}", site.base))
        .header("origin", "https://evil.example")
        .header(reqwest::header::COOKIE, &owner)
        .header(reqwest::header::CONTENT_TYPE, kind)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);

    // The header shows it from our origin; pages allow no remote images.
    let page = site
        .http
        .get(format!("{}/orgs/northwind-logistics/settings", site.base))
        .header(reqwest::header::COOKIE, &owner)
        .send()
        .await
        .unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("img-src 'self' data:;"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("/orgs/northwind-logistics/logo?v=1"),
        "the header's logo"
    );

    // Removed: gone, and audited both times.
    let res = site
        .http
        .post(format!("{}{LOGO}/remove", site.base))
        .header("origin", site.origin())
        .header(reqwest::header::COOKIE, &owner)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["location"],
        "/orgs/northwind-logistics/settings?logo=removed#logo"
    );
    assert_eq!(fetch_logo(&site, Some(&owner)).await.status().as_u16(), 404);
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'organization.logo_changed'")
            .fetch_one(&site.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 2);
}
