package org.racker.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoriesTest {
    @TempDir
    Path base;

    @Test
    void publishingMakesTheWorkTheTarget() throws IOException {
        Path work = WorkDirectories.create(base.resolve(".work"), "image");
        Files.writeString(work.resolve("image.json"), "new");
        Path target = base.resolve("images").resolve("one");
        Files.createDirectories(target.getParent());

        WorkDirectories.publish(work, target);

        assertThat(target.resolve("image.json")).hasContent("new");
        assertThat(work).doesNotExist();
        assertThat(base.resolve(".work")).isEmptyDirectory();
    }

    @Test
    void publishingReplacesWhatWasThereWholeAndLeavesNothingAside() throws IOException {
        Path target = base.resolve("images").resolve("one");
        Files.createDirectories(target.resolve("rootfs/etc"));
        Files.writeString(target.resolve("rootfs/etc/old"), "old");
        Path work = WorkDirectories.create(base.resolve(".work"), "image");
        Files.writeString(work.resolve("image.json"), "new");
        // what a process killed between the two renames left, under the name the next one uses
        Files.createDirectories(work.resolveSibling(work.getFileName() + ".replaced").resolve("stale"));

        WorkDirectories.publish(work, target);

        assertThat(target.resolve("image.json")).hasContent("new");
        assertThat(target.resolve("rootfs")).doesNotExist();
        assertThat(base.resolve(".work")).isEmptyDirectory();
    }

    @Test
    void aSymlinkAtTheTargetIsReplacedNotFollowed() throws IOException {
        Path elsewhere = Files.createDirectories(base.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("kept"), "kept");
        Path target = base.resolve("one");
        Files.createSymbolicLink(target, elsewhere);
        Path work = WorkDirectories.create(base.resolve(".work"), "image");

        WorkDirectories.publish(work, target);

        assertThat(target).isDirectory().isEmptyDirectory();
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(elsewhere.resolve("kept")).hasContent("kept");
    }
}
