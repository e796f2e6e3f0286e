package dev.odooimage.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * A PEP 503 "simple" package index (PyPI or a mirror), read only to find a file by the
 * sha256 the lock names and to download it. No resolution happens here.
 */
public final class SimpleIndex {
    private static final Pattern ANCHOR = Pattern.compile("<a\\s[^>]*href=\"([^\"]+)\"[^>]*>([^<]*)</a>",
            Pattern.CASE_INSENSITIVE);

    /** A file the index lists for a project. */
    public record IndexFile(String fileName, URI url, String sha256) {
    }

    private final URI base;
    private final HttpClient http;

    public SimpleIndex(String indexUrl) {
        this.base = URI.create(indexUrl.endsWith("/") ? indexUrl : indexUrl + "/");
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** The index URL with any user:password removed, for messages. */
    public String displayUrl() {
        return base.getUserInfo() == null ? base.toString() : base.toString().replace(base.getRawUserInfo() + "@", "");
    }

    public List<IndexFile> files(String project) {
        URI page = base.resolve(Requirement.normalizeName(project) + "/");
        String html;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(page).timeout(Duration.ofMinutes(2))
                    .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return List.of();
            }
            if (r.statusCode() != 200) {
                throw new OdooImageException("package index " + displayUrl() + " answered " + r.statusCode()
                        + " for " + project);
            }
            html = r.body();
        } catch (IOException e) {
            throw new OdooImageException("cannot reach package index " + displayUrl() + " (" + e.getMessage()
                    + "); once the wheel cache is warm, builds work offline", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooImageException("interrupted while reading " + displayUrl());
        }
        List<IndexFile> files = new ArrayList<>();
        Matcher m = ANCHOR.matcher(html);
        while (m.find()) {
            String href = m.group(1).replace("&amp;", "&");
            URI url = page.resolve(href);
            String fragment = url.getFragment();
            String sha = null;
            if (fragment != null && fragment.startsWith("sha256=")) {
                sha = fragment.substring(7).toLowerCase(Locale.ROOT);
            }
            String path = url.getRawPath();
            String name = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
            try {
                url = new URI(url.getScheme(), url.getRawAuthority(), url.getRawPath(), url.getRawQuery(), null);
                url = URI.create(url.toString());
            } catch (java.net.URISyntaxException e) {
                continue;
            }
            files.add(new IndexFile(name, url, sha));
        }
        return files;
    }

    /** Downloads {@code file} to {@code dest}, failing when its content does not hash to {@code sha256}. */
    public void download(IndexFile file, String sha256, Path dest) {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(file.url())
                    .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest md = Digests.sha256();
            try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(dest)) {
                if (r.statusCode() != 200) {
                    throw new OdooImageException("downloading " + file.fileName() + " from " + displayUrl()
                            + " failed with HTTP " + r.statusCode());
                }
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            String got = HexFormat.of().formatHex(md.digest());
            if (!got.equals(sha256)) {
                Files.deleteIfExists(dest);
                throw new OdooImageException("hash mismatch for " + file.fileName() + " from " + displayUrl()
                        + ": requirements.lock.txt wants sha256:" + sha256 + ", the download is sha256:" + got
                        + ". The file on the index changed or was tampered with; do not install it. If the change"
                        + " is legitimate, refresh the lock (mvn odoo:python-lock) and review the diff.");
            }
        } catch (IOException e) {
            throw new OdooImageException("cannot download " + file.fileName() + " from " + displayUrl() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooImageException("interrupted while downloading " + file.fileName());
        }
    }
}
