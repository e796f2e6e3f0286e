package dev.odooimage.enterprise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.odooimage.addons.Addon;
import dev.odooimage.addons.AddonRoot;
import dev.odooimage.addons.AddonRootFinder;
import dev.odooimage.addons.AddonsPathService;
import dev.odooimage.addons.Diagnostics;
import dev.odooimage.addons.LicensePolicy;
import dev.odooimage.aggregate.AggregateLog;
import dev.odooimage.aggregate.AggregateOptions;
import dev.odooimage.aggregate.Aggregator;
import dev.odooimage.aggregate.GitCache;
import dev.odooimage.contract.ImagePaths;
import dev.odooimage.repos.Aggregate;
import dev.odooimage.repos.LockCheck;
import dev.odooimage.repos.ReposConfig;
import dev.odooimage.repos.ReposFile;
import dev.odooimage.util.OdooImageException;

/**
 * The locked, aggregated Odoo Community checkout that classifies a bundle: found among the
 * lock's aggregates as the Odoo repository ({@code odoo-bin} + {@code odoo/addons/base}), and
 * trusted only when repos.yaml agrees with the lock (odoo:check-lock's comparison) and its
 * tree is what the lock pins (odoo:aggregate's src.json test). Its modules are those of both
 * addon roots, {@code odoo/addons} and {@code addons}.
 *
 * @param aggregate the lock's aggregate path (e.g. {@code ./odoo})
 * @param dir       its materialised directory
 * @param commits   the pinned commit(s) of the aggregate, in merge order
 * @param series    the Odoo series from its {@code odoo/release.py}, or null
 * @param modules   module name -> its directory in the checkout
 */
public record CommunityCheckout(String aggregate, Path dir, List<String> commits, String series,
        SortedMap<String, Path> modules) {

    public CommunityCheckout {
        commits = List.copyOf(commits);
        modules = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(modules));
    }

    private static final String REFRESH = " Refresh Community first: mvn odoo:lock (with -Dodoo.refresh=<odoo path> to"
            + " move it), then mvn generate-sources, then run the import again.";

    /** Finds and checks the Community checkout of the project whose files are given. */
    public static CommunityCheckout locate(Path reposFile, Path lockFile, Path workDirectory) {
        List<String> diff = LockCheck.check(reposFile, lockFile);
        if (!diff.isEmpty()) {
            throw new OdooImageException(reposFile.getFileName() + " and " + lockFile.getFileName() + " disagree, so"
                    + " the Community checkout cannot be trusted to classify the bundle:\n  " + String.join("\n  ", diff)
                    + "\n" + REFRESH);
        }
        ReposConfig lock = ReposFile.read(lockFile);
        Path src = workDirectory.resolve("src");
        List<String> paths = lock.aggregates().stream().map(Aggregate::relativePath).toList();
        Optional<String> odoo = Files.isDirectory(src)
                ? new AddonRootFinder(src, 0).find(paths, new Diagnostics()).stream()
                        .filter(r -> r.kind() == AddonRoot.Kind.ODOO_CORE).map(AddonRoot::aggregate).findFirst()
                : Optional.empty();
        if (odoo.isEmpty()) {
            throw new OdooImageException("no aggregated Odoo Community checkout under " + src + " (an aggregate of "
                    + lockFile.getFileName() + " holding odoo-bin and odoo/addons/base): the import classifies the"
                    + " bundle against it." + REFRESH);
        }
        Aggregate agg = lock.aggregates().stream().filter(a -> a.relativePath().equals(odoo.get())).findFirst()
                .orElseThrow();
        AggregateOptions options = new AggregateOptions(workDirectory, new GitCache(GitCache.defaultRoot()), 1, false,
                lockFile.toAbsolutePath().getParent(), null);
        Optional<String> stale = new Aggregator(options, AggregateLog.NONE).staleness(agg);
        if (stale.isPresent()) {
            throw new OdooImageException("the Community checkout is not fresh against " + lockFile.getFileName() + ": "
                    + stale.get() + "." + REFRESH);
        }
        Path dir = src.resolve(agg.relativePath());
        var inventory = AddonsPathService.inventory(new AddonsPathService.Options(src, List.of(agg.relativePath()),
                ImagePaths.SRC, 0, null, false, LicensePolicy.REPORT, List.of(), null), new Diagnostics());
        Map<String, Path> modules = new TreeMap<>();
        for (Addon a : inventory.addons()) {
            if (a.root().kind() == AddonRoot.Kind.ODOO_CORE || a.root().kind() == AddonRoot.Kind.ODOO_ADDONS) {
                modules.put(a.name(), a.dir());
            }
        }
        return new CommunityCheckout(agg.path(), dir, agg.merges().stream().map(m -> m.ref()).toList(),
                AddonsPathService.seriesOf(dir), new TreeMap<>(modules));
    }
}
