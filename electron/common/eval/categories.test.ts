import { describe, expect, it } from 'vitest';
import { categoryOf } from './categories';

describe('categoryOf', () => {
  it('sorts SimBench’s tasks by the kind of system their names tell', () => {
    const tasks = {
      art: 'vehicle',
      beam: 'fea',
      cable: 'fea',
      camera: 'sensor',
      citybus: 'vehicle',
      curiosity: 'robot',
      gator: 'vehicle',
      handler: 'ros',
      hmmwv: 'vehicle',
      lidar: 'sensor',
      m113: 'vehicle',
      particles: 'mbs',
      pendulum: 'mbs',
      rigid_highway: 'vehicle',
      scm: 'vehicle',
      sedan: 'vehicle',
      slider_crank: 'mbs',
      tablecloth: 'fea',
      turtlebot: 'robot',
      gps_imu: 'sensor',
      vehros: 'ros',
      mass_spring_damper: 'mbs',
      buckling: 'fea',
      viper: 'robot',
      man: 'vehicle',
      gear: 'mbs',
      feda: 'vehicle',
    };
    for (const [task, category] of Object.entries(tasks))
      expect([task, categoryOf(task)]).toEqual([task, category]);
  });

  it('takes a declared category first and calls the rest other', () => {
    expect(categoryOf('pendulum', 'Mechanisms')).toBe('Mechanisms');
    expect(categoryOf('pendulum', '  ')).toBe('mbs');
    expect(categoryOf('weather')).toBe('other');
  });
});
