package org.racker.distro;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.racker.RackerException;
import org.racker.download.DownloadCache;
import org.racker.layer.LayerCompression;
import org.racker.layer.LayerSource;
import org.racker.layer.LayerUnpacker;

/**
 * A root filesystem tarball over http(s), downloaded into the download cache and unpacked
 * with the layer unpacker (so the same path-scoping rules apply as to image layers).
 */
final class TarballFetcher implements SourceFetcher {
    private final DownloadCache downloads;

    TarballFetcher(DownloadCache downloads) {
        this.downloads = downloads;
    }

    @Override
    public String fetch(CatalogueEntry entry, ImageSource source, Path rootfs) throws RackerException {
        String url = ((ImageSource.Tarball) source).url();
        DownloadCache.Download download = downloads.fetch(url);
        LayerSource.TarOpener opener = () -> decompress(url, new BufferedInputStream(Files.newInputStream(download.file()), 1 << 16));
        new LayerUnpacker().unpack(List.of(LayerSource.of(url, opener)), rootfs);
        return "sha256:" + download.sha256();
    }

    static InputStream decompress(String url, InputStream in) throws IOException {
        String path = url.replaceAll("[?#].*$", "");
        if (path.endsWith(".tar.xz") || path.endsWith(".txz")) {
            return new XZCompressorInputStream(in);
        }
        if (path.endsWith(".tar.gz") || path.endsWith(".tgz")) {
            return LayerCompression.GZIP.decompress(in);
        }
        if (path.endsWith(".tar.zst") || path.endsWith(".tzst")) {
            return LayerCompression.ZSTD.decompress(in);
        }
        if (path.endsWith(".tar")) {
            return in;
        }
        in.close();
        throw new IOException("cannot tell the compression of " + url + ": name it .tar, .tar.gz, .tar.xz or .tar.zst");
    }
}
