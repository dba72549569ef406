package dev.ballast.rules.images;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.ContainerRule;
import dev.ballast.rules.engine.Violations;
import dev.ballast.rules.model.ContainerView;
import dev.ballast.rules.model.PodTemplate;
import dev.ballast.rules.policy.ImageSettings;
import dev.ballast.rules.policy.Policy;

/**
 * Reads the image of every container (+init); passes when it carries a digest ({@code @sha256:...}) or a tag other
 * than {@code latest}. An image with neither fails: the runtime pulls {@code latest}. On when {@code images} is in
 * the policy.
 */
public final class ImageTagMutableRule extends ContainerRule<ImageSettings> {
    public ImageTagMutableRule() {
        super(RuleId.IMAGE_TAG_MUTABLE, Policy::images, Scope.ALL);
    }

    @Override
    protected void check(ContainerView c, PodTemplate pod, ImageSettings settings, Violations out) {
        String image = c.image();
        if (image == null || image.isBlank()) {
            out.container(c, "image", " sets no image");
        } else if (!image.contains("@")) {
            String tag = tag(image);
            if (tag == null) {
                out.container(c, "image", ": image " + image + " has no tag or digest (the runtime pulls latest)");
            } else if ("latest".equals(tag)) {
                out.container(c, "image", ": image " + image + " uses the mutable tag latest");
            }
        }
    }

    /** The tag: what follows the last ':' after the last '/' (a registry port is before a '/'); null when none. */
    static String tag(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.lastIndexOf(':');
        return colon < 0 ? null : last.substring(colon + 1);
    }
}
