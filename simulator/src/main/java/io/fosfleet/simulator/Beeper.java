package io.fosfleet.simulator;

/**
 * What a simulated berofos's beeper did: how many short beeps since the simulator started (one per power-up), and
 * whether the audio alarm of a watchdog failover is sounding now.
 */
public record Beeper(int beeps, boolean alarm) {
}
