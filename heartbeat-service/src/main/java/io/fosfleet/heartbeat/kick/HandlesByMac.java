package io.fosfleet.heartbeat.kick;

import java.util.Arrays;

/**
 * The kick loop's handles by the 48 bits of the MAC they kick: open addressing over two arrays, so finding the handle
 * of an acknowledgement costs one probe of a {@code long[]} (a boxed key in a HashMap costs three dependent memory
 * reads, which at 50,000 pairs were the loop's largest cost). Only the kick loop's thread uses it.
 */
final class HandlesByMac {

    private static final long FREE = -1;   // a MAC has 48 bits: never negative

    private long[] keys = new long[64];
    private KickScheduler.Handle[] values = new KickScheduler.Handle[64];
    private int size;

    HandlesByMac() {
        Arrays.fill(keys, FREE);
    }

    KickScheduler.Handle get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == FREE) {
                return null;
            }
        }
    }

    void put(long key, KickScheduler.Handle value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != FREE && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == FREE) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    void remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != key) {
            if (keys[i] == FREE) {
                return;
            }
            i = (i + 1) & mask;
        }
        size--;
        // backward shift: move up every later entry of the run that may no longer be found past the hole
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != FREE; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = FREE;
        values[hole] = null;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        KickScheduler.Handle[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new KickScheduler.Handle[oldKeys.length * 2];
        Arrays.fill(keys, FREE);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
