package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

class ImageFilterTest {
    static final List<String> STORED = List.of("docker.io/library/debian:12", "docker.io/library/debian:latest",
            "localhost:5000/team/app:1.0", "docker.io/library/debianish:12");

    static List<String> listed(String reference) throws Exception {
        ImageFilter filter = ImageFilter.reference(reference);
        return STORED.stream().filter(filter::matches).toList();
    }

    @Test
    void aRepositoryListsAllItsTagsAsDockers() throws Exception {
        assertThat(listed("debian")).containsExactly("docker.io/library/debian:12", "docker.io/library/debian:latest");
        assertThat(listed("docker.io/library/debian")).hasSize(2);
        assertThat(listed("localhost:5000/team/app")).containsExactly("localhost:5000/team/app:1.0");
    }

    @Test
    void aTagListsOnlyThatTag() throws Exception {
        assertThat(listed("debian:12")).containsExactly("docker.io/library/debian:12");
        assertThat(listed("localhost:5000/team/app:2.0")).isEmpty();
        assertThat(listed("nothere")).isEmpty();
    }

    @Test
    void untaggedImagesAreListedOnlyUnfiltered() throws Exception {
        assertThat(ImageFilter.ALL.matches(null)).isTrue();
        assertThat(ImageFilter.reference("debian").matches(null)).isFalse();
    }

    @Test
    void aFilterThatIsNoReferenceIsRefused() {
        assertThatThrownBy(() -> ImageFilter.reference("Not A Reference")).isInstanceOf(InvalidArgumentException.class);
    }
}
