package io.fosfleet.alert.pipeline;

/**
 * A consumed event that must not be committed yet: every notification it went into holds it, and the last
 * {@link #release()} lets it go (the intake then acks its record, so its offset may be committed). A crash before
 * that replays the event. {@link #NONE} is for events made here (a flapping notice), which no record stands behind.
 */
public final class Hold {

    /** Nothing to let go. */
    public static final Hold NONE = new Hold(() -> { });

    private final Runnable whenReleased;
    private int holders = 1;
    private boolean finished;

    /** Held once, by whoever creates it; {@code whenReleased} runs at the last release. */
    public Hold(Runnable whenReleased) {
        this.whenReleased = whenReleased;
    }

    /** One more notification holds the event. */
    public void retain() {
        synchronized (this) {
            if (finished || this == NONE) {
                return;
            }
            holders++;
        }
    }

    /** One holder is done (delivered, dead-lettered, suppressed); the last one lets the event go. */
    public void release() {
        synchronized (this) {
            if (finished || this == NONE || --holders > 0) {
                return;
            }
            finished = true;
        }
        whenReleased.run();
    }

    /**
     * The event went another way (its record was dead-lettered): later releases do nothing.
     *
     * @return false if it was let go or abandoned before
     */
    public boolean abandon() {
        synchronized (this) {
            if (finished) {
                return false;
            }
            finished = true;
            return true;
        }
    }
}
